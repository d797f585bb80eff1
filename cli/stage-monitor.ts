/**
 * Wall time and peak resident memory per stage, for reports and benchmarks. RSS is sampled at every stage change
 * and progress callback (the core's long stages report progress often), and the process-wide peak comes from the
 * kernel's maxRSS, which no sampling can miss.
 */
import { loadavg } from 'node:os';

export interface StageRecord {
  stage: string;
  ms: number;
  /** CPU time of this process (all threads, user + system): on a shared, busy machine it moves less than wall time. */
  cpuMs: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;

export class StageMonitor {
  readonly records: StageRecord[] = [];
  private current: { stage: string; start: number; cpu: NodeJS.CpuUsage; peak: number } | null = null;
  private readonly t0 = performance.now();

  start(stage: string): void {
    this.end();
    this.current = { stage, start: performance.now(), cpu: process.cpuUsage(), peak: process.memoryUsage.rss() };
  }

  sample(): void {
    if (this.current) this.current.peak = Math.max(this.current.peak, process.memoryUsage.rss());
  }

  end(): void {
    if (!this.current) return;
    this.sample();
    const cpu = process.cpuUsage(this.current.cpu);
    this.records.push({
      stage: this.current.stage,
      ms: Math.round(performance.now() - this.current.start),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: Math.round(this.current.peak / MB),
    });
    this.current = null;
  }

  summary(): { stages: StageRecord[]; totalMs: number; totalCpuMs: number; loadAverage1m: number; peakRssMb: number } {
    this.end();
    return {
      stages: this.records,
      totalMs: Math.round(performance.now() - this.t0),
      totalCpuMs: this.records.reduce((s, r) => s + r.cpuMs, 0),
      // Other processes compete for the cores: the 1-minute load average puts the wall times in context.
      loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
      // maxRSS is in kilobytes on Linux.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  }
}
