/** The SCP association's timers: ARTIM (PS3.8 9.1.5), and the idle and PDU timeouts of an established association. */
export type ScpTimerKind = 'artim' | 'idle' | 'pdu';

/** The one timer an association runs at a time (starting one stops the other); it never keeps the process alive. */
export class ScpTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: ScpTimerKind | null = null;

  constructor(private readonly onExpiry: (kind: ScpTimerKind, ms: number) => void) {}

  /** The kind of the running timer, or null. */
  get kind(): ScpTimerKind | null {
    return this.running;
  }

  start(kind: ScpTimerKind, ms: number): void {
    this.stop();
    this.running = kind;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = null;
      this.onExpiry(kind, ms);
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = null;
  }
}
