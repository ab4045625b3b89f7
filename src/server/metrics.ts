/**
 * Prometheus text exposition (version 0.0.4) of the few figures an operator watches: requests by route and
 * status, verdicts by outcome, check durations, queue depth and busy threads. No dependency: counters and one
 * histogram are a few lines.
 */
type Labels = Record<string, string>;

const DURATION_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 16, 32];

export class Metrics {
  readonly #counters = new Map<string, { help: string; values: Map<string, number> }>();
  readonly #durations = { counts: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
  readonly #gauges: (() => [name: string, help: string, value: number][])[] = [];

  count(name: string, help: string, labels: Labels = {}): void {
    let counter = this.#counters.get(name);
    if (!counter) this.#counters.set(name, (counter = { help, values: new Map() }));
    const key = labelText(labels);
    counter.values.set(key, (counter.values.get(key) ?? 0) + 1);
  }

  /** One image's check, in seconds. */
  observeCheck(seconds: number): void {
    DURATION_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.#durations.counts[i]!++;
    });
    this.#durations.sum += seconds;
    this.#durations.count++;
  }

  /** The mean check time so far, in seconds (0 before the first). */
  get mean(): number {
    return this.#durations.count === 0 ? 0 : this.#durations.sum / this.#durations.count;
  }

  /** Figures read when scraped (queue depth, busy threads). */
  gauges(read: () => [name: string, help: string, value: number][]): void {
    this.#gauges.push(read);
  }

  text(): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.#counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) lines.push(`${name}${labels} ${value}`);
    }
    const name = 'image_guard_check_seconds';
    lines.push(`# HELP ${name} Time to check one image in an analysis thread.`, `# TYPE ${name} histogram`);
    DURATION_BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{le="${bound}"} ${this.#durations.counts[i]}`));
    lines.push(`${name}_bucket{le="+Inf"} ${this.#durations.count}`, `${name}_sum ${this.#durations.sum}`, `${name}_count ${this.#durations.count}`);
    for (const read of this.#gauges) {
      for (const [gauge, help, value] of read()) lines.push(`# HELP ${gauge} ${help}`, `# TYPE ${gauge} gauge`, `${gauge} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`).join(',')}}`;
}
