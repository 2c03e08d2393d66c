import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CronJob } from "../../api/batch.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import type { StrategyContext } from "../strategy.ts";
import { CronJobStrategy } from "./cronjob-strategy.ts";

const ctx: StrategyContext = { now: 0, kubernetesMinor: 33 };
const s = new CronJobStrategy();

function input(mutate: (c: CronJob) => void = () => {}): CronJob {
  const cj: CronJob = {
    metadata: { name: "hello", namespace: "default", uid: "u1" },
    spec: {
      schedule: "*/5 * * * *",
      jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "hello", image: "busybox:1.36" }] } } } },
    },
  };
  mutate(cj);
  return cj;
}

function created(cj: CronJob): CronJob {
  s.applyDefaults(cj, ctx);
  s.prepareForCreate(cj, ctx);
  return cj;
}

const messages = (cj: CronJob): string[] => s.validate(created(cj), ctx).map(fieldErrorMessage);

void describe("CronJobStrategy defaults", () => {
  void it("sets concurrencyPolicy Allow, suspend false, history limits 3 and 1, status {}, generation 1", () => {
    const cj = created(input((c) => { c.status = { lastScheduleTime: "2025-01-01T00:00:00Z" }; }));
    assert.equal(cj.spec.concurrencyPolicy, "Allow");
    assert.equal(cj.spec.suspend, false);
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cj.spec.failedJobsHistoryLimit, 1);
    assert.deepEqual(cj.status, {});
    assert.equal(cj.metadata.generation, 1);
    assert.deepEqual(s.validate(cj, ctx), []);
  });

  void it("defaults only the job template's pod spec, not the Job fields", () => {
    const spec = created(input()).spec.jobTemplate.spec;
    assert.equal(spec.template.spec.dnsPolicy, "ClusterFirst");
    assert.equal(spec.template.spec.containers[0]?.terminationMessagePolicy, "File");
    assert.equal(spec.backoffLimit, undefined);
    assert.equal(spec.completions, undefined);
    assert.equal(spec.parallelism, undefined);
  });
});

void describe("CronJobStrategy validation", () => {
  const cases: [string, (c: CronJob) => void, string[]][] = [
    ["a schedule that does not parse", (c) => { c.spec.schedule = "bad"; }, ['spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]']],
    ["a minute out of range", (c) => { c.spec.schedule = "61 * * * *"; }, ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']],
    ["an empty schedule", (c) => { c.spec.schedule = ""; }, ["spec.schedule: Required value"]],
    ["TZ in the schedule", (c) => { c.spec.schedule = "CRON_TZ=UTC * * * * *"; }, [
      'spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]],
    ["an unknown time zone", (c) => { c.spec.timeZone = "Europe/Pariss"; }, ['spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss']],
    ["an unknown concurrencyPolicy", (c) => { c.spec.concurrencyPolicy = "Sometimes"; }, [
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]],
    ["restartPolicy Always in the job template", (c) => { c.spec.jobTemplate.spec.template.spec.restartPolicy = "Always"; }, [
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]],
    ["a selector in the job template", (c) => { c.spec.jobTemplate.spec.selector = { matchLabels: { a: "b" } }; }, [
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]],
    ["a negative history limit", (c) => { c.spec.failedJobsHistoryLimit = -1; }, ["spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0"]],
    ["a name longer than 52 characters", (c) => { c.metadata.name = "a".repeat(53); }, [`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`]],
  ];
  for (const [name, mutate, expected] of cases) {
    void it(`rejects ${name} with Kubernetes' text`, () => assert.deepEqual(messages(input(mutate)), expected));
  }

  void it("accepts descriptors and a known time zone", () => {
    assert.deepEqual(messages(input((c) => { c.spec.schedule = "@daily"; c.spec.timeZone = "Europe/Paris"; })), []);
  });
});

void describe("CronJobStrategy updates", () => {
  void it("keeps the status on a spec update, bumps the generation on a spec change, keeps the spec on a status update", () => {
    const old = created(input());
    old.status = { lastScheduleTime: "2025-01-01T00:05:00Z" };
    const suspended = structuredClone(old);
    suspended.spec.suspend = true;
    suspended.status = {};
    s.prepareForUpdate(suspended, old, ctx);
    assert.equal(suspended.metadata.generation, 2);
    assert.deepEqual(suspended.status, old.status);
    assert.deepEqual(s.validateUpdate(suspended, old, ctx), []);
    const status = structuredClone(old);
    status.spec.schedule = "@hourly";
    status.status = { active: [] };
    s.prepareForStatusUpdate(status, old, ctx);
    assert.equal(status.spec.schedule, "*/5 * * * *");
    assert.deepEqual(status.status, { active: [] });
  });

  void it("lets an old name over 52 characters be updated", () => {
    const old = created(input((c) => { c.metadata.name = "a".repeat(60); }));
    const next = structuredClone(old);
    next.metadata.labels = { x: "y" };
    assert.deepEqual(s.validateUpdate(next, old, ctx), []);
  });
});
