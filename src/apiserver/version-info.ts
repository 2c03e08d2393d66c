// GET /version: the emulated Kubernetes version. The kubectl on these machines is a dispatcher
// that runs kubectl.1.<minor> for the server's minor (spec §0.1), so this decides which kubectl
// users get.

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** "1.33" or "v1.33.2" → the version document (patch 0 when not given). */
export function versionInfo(version: string, platform: string): VersionInfo {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  if (!m) throw new Error(`invalid Kubernetes version ${JSON.stringify(version)}: want 1.N or v1.N.P`);
  const [, major = "1", minor = "33", patch = "0"] = m;
  return {
    major, minor, gitVersion: `v${major}.${minor}.${patch}`, gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean", buildDate: "2025-01-01T00:00:00Z", goVersion: "go1.24.0", compiler: "gc", platform,
  };
}
