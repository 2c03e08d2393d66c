// The API server's credentials, made at first start in the data directory and reused after:
// a self-signed CA, a serving certificate for 127.0.0.1/localhost signed by it (EC P-256, made
// with the openssl CLI: Node can parse certificates but not issue them), and a random bearer
// token. Private keys and the token are mode 0600.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TlsMaterial {
  caCertPem: string;
  certPem: string;
  keyPem: string;
  token: string;
}

const DAYS = "3650";

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0] ?? ""} failed: ${stderr || (e instanceof Error ? e.message : String(e))} (is openssl installed? scripts/setup.sh installs it)`, { cause: e });
  }
}

function makeCertificates(dir: string): void {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", DAYS, "-subj", "/CN=pillion-ca",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  openssl(["req", ...ec, "-keyout", "apiserver.key", "-out", "apiserver.csr", "-subj", "/CN=pillion-apiserver"], dir);
  writeFileSync(join(dir, "apiserver.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
  openssl(["x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "apiserver.crt", "-days", DAYS, "-extfile", "apiserver.ext"], dir);
  for (const f of ["apiserver.csr", "apiserver.ext", "ca.srl"]) rmSync(join(dir, f), { force: true });
  for (const f of ["ca.key", "apiserver.key"]) chmodSync(join(dir, f), 0o600);
}

/** Loads the credentials under dataDir/pki, creating what is missing. */
export function ensureTlsMaterial(dataDir: string): TlsMaterial {
  const dir = join(dataDir, "pki");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!["ca.crt", "apiserver.crt", "apiserver.key"].every((f) => existsSync(join(dir, f)))) makeCertificates(dir);
  const tokenFile = join(dir, "token");
  if (!existsSync(tokenFile)) writeFileSync(tokenFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  return {
    caCertPem: readFileSync(join(dir, "ca.crt"), "utf8"),
    certPem: readFileSync(join(dir, "apiserver.crt"), "utf8"),
    keyPem: readFileSync(join(dir, "apiserver.key"), "utf8"),
    token: readFileSync(tokenFile, "utf8").trim(),
  };
}
