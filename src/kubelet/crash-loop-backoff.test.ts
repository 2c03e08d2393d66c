import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashLoopBackOff, backOffEventMessage, backOffMessage, goDuration } from "./crash-loop-backoff.ts";
import { T0, makeInstance, makePod } from "./status/make-snapshot.ts";

const pod = makePod();
const main = pod.spec.containers[0] ?? { name: "main" };

for (const [ms, want] of [
  [0, "0s"], [500, "500ms"], [1500, "1.5s"], [10_000, "10s"], [20_000, "20s"], [40_000, "40s"], [80_000, "1m20s"],
  [160_000, "2m40s"], [300_000, "5m0s"], [3_600_000, "1h0m0s"], [3_723_000, "1h2m3s"], [-10_000, "-10s"],
] as const) {
  void test(`goDuration(${ms}) is Go's ${want}`, () => assert.equal(goDuration(ms), want));
}

/**
 * A container that crashes `runForMs` after every start and is restarted as soon as the
 * back-off allows: returns the delays between each crash and the next start.
 */
function crashLoop(crashes: number, runForMs: number): number[] {
  const bo = new CrashLoopBackOff();
  const delays: number[] = [];
  let now = T0;
  let finishedAt = now + runForMs; // first run
  for (let i = 0; i < crashes; i++) {
    const instance = { ...makeInstance(main, "exited", { exitCode: 1 }), finishedAt };
    now = finishedAt;
    // The pod worker retries at every second until the back-off lets it start.
    while (bo.doBackOff(pod, main, [instance], now).inBackOff) now += 1000;
    delays.push((now - finishedAt) / 1000);
    finishedAt = now + runForMs;
  }
  return delays;
}

void test("crash loop: the first restart is immediate, then 10, 20, 40, 80, 160, 300, 300 s", () => {
  assert.deepEqual(crashLoop(8, 1000), [0, 10, 20, 40, 80, 160, 300, 300]);
});

void test("a container that ran more than 10 minutes after the last restart decision restarts at once and the curve resets", () => {
  const bo = new CrashLoopBackOff();
  const key = bo.key(pod, main);
  bo.next(key, T0, T0); // decision at T0: 10 s
  bo.next(key, T0 + 5_000, T0 + 20_000); // decision at T0+20s: 20 s
  assert.deepEqual(bo.isInBackOff(key, T0 + 620_000, T0 + 620_500), { inBackOff: true, backoffMs: 20_000 }, "600 s exactly is not expired");
  assert.equal(bo.isInBackOff(key, T0 + 620_001, T0 + 620_500).inBackOff, false);
  bo.next(key, T0 + 620_001, T0 + 620_500);
  assert.equal(bo.get(key), 10_000);
});

void test("in back-off: the CrashLoopBackOff message and the BackOff event text", () => {
  const bo = new CrashLoopBackOff();
  const first = makeInstance(main, "exited", { exitCode: 1, finished: 5 });
  assert.equal(bo.doBackOff(pod, main, [first], T0 + 5_000).inBackOff, false);
  const second = makeInstance(main, "exited", { exitCode: 1, finished: 8, restartCount: 1 });
  assert.deepEqual(bo.doBackOff(pod, main, [second, first], T0 + 9_000), {
    inBackOff: true, backoffMs: 10_000,
    message: "back-off 10s restarting failed container=main pod=web_default(uid-1)",
    eventMessage: "Back-off restarting failed container main in pod web_default(uid-1)",
  });
  assert.equal(bo.doBackOff(pod, main, [second, first], T0 + 18_000).inBackOff, false, "10 s after finishedAt");
});

void test("a container that never exited is started without consulting the back-off", () => {
  const bo = new CrashLoopBackOff();
  assert.deepEqual(bo.doBackOff(pod, main, [makeInstance(main, "running")], T0), { inBackOff: false });
  assert.equal(bo.get(bo.key(pod, main)), 0);
});

void test("changing the image gives a fresh back-off key", () => {
  const bo = new CrashLoopBackOff();
  assert.notEqual(bo.key(pod, main), bo.key(pod, { ...main, image: "busybox:1.37" }));
  assert.match(bo.key(pod, main), /^web_default_uid-1_main_[0-9a-f]+$/);
});

void test("gc forgets entries untouched for more than the reset threshold", () => {
  const bo = new CrashLoopBackOff();
  const key = bo.key(pod, main);
  bo.next(key, T0, T0);
  bo.gc(T0 + 600_000);
  assert.equal(bo.get(key), 10_000);
  bo.gc(T0 + 600_001);
  assert.equal(bo.get(key), 0);
});

void test("options: initial is capped by max (KubeletCrashLoopBackOffMax)", () => {
  const bo = new CrashLoopBackOff({ initialMs: 10_000, maxMs: 2_000 });
  const key = bo.key(pod, main);
  bo.next(key, T0, T0);
  assert.equal(bo.get(key), 2_000);
});

void test("message helpers format the pod as name_namespace(uid)", () => {
  assert.equal(backOffMessage(300_000, "c", pod), "back-off 5m0s restarting failed container=c pod=web_default(uid-1)");
  assert.equal(backOffEventMessage("c", pod), "Back-off restarting failed container c in pod web_default(uid-1)");
});
