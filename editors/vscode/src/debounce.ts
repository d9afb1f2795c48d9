// Small timing helpers. Pure: no `vscode` import.

/** Runs the last scheduled action once nothing new was scheduled for `delay` ms. */
export class Debouncer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private delay: number,
    private readonly setTimer: typeof setTimeout = setTimeout,
    private readonly clearTimer: typeof clearTimeout = clearTimeout,
  ) {}

  setDelay(delay: number): void {
    this.delay = Math.max(0, delay);
  }

  schedule(action: () => void): void {
    this.cancel();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      action();
    }, this.delay);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  cancel(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * Hands out tickets so that, of several overlapping requests, only the
 * answer to the latest one is used.
 */
export class Latest {
  private current = 0;

  next(): number {
    this.current += 1;
    return this.current;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.current;
  }
}
