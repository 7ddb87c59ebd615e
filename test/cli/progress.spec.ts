/** The progress line's figures and when it is drawn, with a scripted clock and a recording stream. */
import { describe, expect, it } from "vitest";
import { type Progress, progressFor } from "../../cli/src/progress";
import { describeProgress, formatSeconds } from "../../cli/src/progress-figures";

const MIB = 1024 * 1024;

/** A progress line on a fake stream (a terminal or not) whose clock the test moves. */
function recorder(isTTY: boolean, env: NodeJS.ProcessEnv = { TERM: "xterm" }) {
  const written: string[] = [];
  let clock = 0;
  const stream = { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  const progress = progressFor("Uploading", { stream, env, now: () => clock }) as Progress;
  return { written, progress, at: (ms: number) => (clock = ms) };
}

describe("progress figures", () => {
  it("shows done of total, percent, speed and time left; less when it knows less", () => {
    expect(describeProgress("Uploading", 42 * MIB, 100 * MIB, 4 * MIB)).toBe(
      "Uploading 42.0 / 100.0 MiB (42%), 4.0 MiB/s, 15 s left",
    );
    expect(describeProgress("Uploading", 42 * MIB, 100 * MIB, null)).toBe("Uploading 42.0 / 100.0 MiB (42%)");
    expect(describeProgress("Downloading", 3 * MIB, 0, MIB)).toBe("Downloading 3.0 MiB, 1.0 MiB/s");
    expect(describeProgress("Uploading", 100 * MIB, 100 * MIB, MIB)).toBe(
      "Uploading 100.0 / 100.0 MiB (100%), 1.0 MiB/s",
    );
  });

  it("words time left in seconds, minutes and hours", () => {
    expect([formatSeconds(0.2), formatSeconds(45), formatSeconds(200), formatSeconds(3900)]).toEqual([
      "1 s",
      "45 s",
      "3 min 20 s",
      "1 h 5 min",
    ]);
  });
});

describe("progressFor", () => {
  it("redraws one line on a terminal at most every 200 ms, always at 100%, and erases it when done", () => {
    const { written, progress, at } = recorder(true);
    progress.update(5 * MIB, 20 * MIB);
    at(100);
    progress.update(6 * MIB, 20 * MIB);
    at(1000);
    progress.update(10 * MIB, 20 * MIB);
    at(1050);
    progress.update(20 * MIB, 20 * MIB);
    progress.done();
    expect(written).toEqual([
      "\rUploading 5.0 / 20.0 MiB (25%)\x1b[K",
      "\rUploading 10.0 / 20.0 MiB (50%), 5.0 MiB/s, 2 s left\x1b[K",
      "\rUploading 20.0 / 20.0 MiB (100%), 14.3 MiB/s\x1b[K",
      "\r\x1b[K",
    ]);
  });

  it("writes a plain line per quarter elsewhere, and one every 30 s on a slow transfer", () => {
    const { written, progress, at } = recorder(false);
    for (const [ms, done] of [
      [0, 1],
      [10, 4],
      [20, 9],
      [30, 10],
      [40_000, 11],
      [40_010, 16],
    ]) {
      at(ms!);
      progress.update(done! * MIB, 16 * MIB);
    }
    progress.done();
    expect(written.map((line) => line.replace(/,.*/, ""))).toEqual([
      "Uploading 4.0 / 16.0 MiB (25%)\n",
      "Uploading 9.0 / 16.0 MiB (56%)\n",
      "Uploading 11.0 / 16.0 MiB (68%)\n",
      "Uploading 16.0 / 16.0 MiB (100%)\n",
    ]);
  });

  it("stays silent below 4 MiB, on TERM=dumb redraws nothing, and with --quiet does not exist", () => {
    const small = recorder(true);
    small.progress.update(MIB, 3 * MIB);
    small.progress.done();
    expect(small.written).toEqual([]);
    const dumb = recorder(true, { TERM: "dumb" });
    dumb.progress.update(8 * MIB, 8 * MIB);
    expect(dumb.written).toEqual(["Uploading 8.0 / 8.0 MiB (100%)\n"]);
    expect(progressFor("Uploading", { quiet: true })).toBeUndefined();
  });
});
