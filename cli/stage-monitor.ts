/**
 * Wall time and peak resident memory per stage, for reports and benchmarks. RSS is sampled at every stage change
 * and progress callback (the core's long stages report progress often), and the process-wide peak comes from the
 * kernel's maxRSS, which no sampling can miss.
 */
export interface StageRecord {
  stage: string;
  ms: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;

export class StageMonitor {
  readonly records: StageRecord[] = [];
  private current: { stage: string; start: number; peak: number } | null = null;
  private readonly t0 = performance.now();

  start(stage: string): void {
    this.end();
    this.current = { stage, start: performance.now(), peak: process.memoryUsage.rss() };
  }

  sample(): void {
    if (this.current) this.current.peak = Math.max(this.current.peak, process.memoryUsage.rss());
  }

  end(): void {
    if (!this.current) return;
    this.sample();
    this.records.push({
      stage: this.current.stage,
      ms: Math.round(performance.now() - this.current.start),
      peakRssMb: Math.round(this.current.peak / MB),
    });
    this.current = null;
  }

  summary(): { stages: StageRecord[]; totalMs: number; peakRssMb: number } {
    this.end();
    return {
      stages: this.records,
      totalMs: Math.round(performance.now() - this.t0),
      // maxRSS is in kilobytes on Linux.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  }
}
