// A tiny PNG decoder for screenshot checks: 8-bit RGB or RGBA, non-interlaced (what Chromium
// writes). IDAT chunks are inflated with node:zlib and each scanline's filter undone.
import { inflateSync } from "node:zlib";

export interface Image { width: number; height: number; /** RGBA, 4 bytes a pixel. */ rgba: Uint8Array }

export function decodePng(png: Buffer): Image {
  if (png.subarray(0, 8).toString("hex") !== "89504e470d0a1a0a") throw new Error("not a PNG");
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString("latin1", off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) throw new Error(`unsupported PNG: depth ${depth}, color type ${colorType}, interlace ${interlace}`);
      channels = colorType === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] ?? 0 : 0;
      const b = prev[i] ?? 0;
      const c = i >= channels ? prev[i - channels] ?? 0 : 0;
      const x = line[i] ?? 0;
      let pred: number;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      cur[i] = (x + pred) & 0xff;
    }
    for (let px = 0; px < width; px++) {
      for (let ch = 0; ch < 3; ch++) out[(y * width + px) * 4 + ch] = cur[px * channels + ch] ?? 0;
      out[(y * width + px) * 4 + 3] = channels === 4 ? cur[px * channels + 3] ?? 255 : 255;
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** For each row, how many pixels have this colour ("#rrggbb", within ±tolerance per channel). */
export function colorCountByRow(img: Image, hex: string, tolerance = 3): number[] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const rows: number[] = [];
  for (let y = 0; y < img.height; y++) {
    let n = 0;
    for (let x = 0; x < img.width; x++) {
      const o = (y * img.width + x) * 4;
      if (Math.abs((img.rgba[o] ?? 0) - r) <= tolerance && Math.abs((img.rgba[o + 1] ?? 0) - g) <= tolerance && Math.abs((img.rgba[o + 2] ?? 0) - b) <= tolerance) n++;
    }
    rows.push(n);
  }
  return rows;
}
