/**
 * Pauses the sender while any of its reasons holds (a slow disk, a long response queue). It is
 * the `pressure` an incoming file holds while the disk drains.
 */
export class ReceiveGate {
  private readonly reasons = new Set<string>();

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  hold(reason: string): void {
    if (this.reasons.size === 0) this.pause();
    this.reasons.add(reason);
  }

  release(reason: string): void {
    if (!this.reasons.delete(reason)) return;
    if (this.reasons.size === 0) this.resume();
  }

  get holding(): boolean {
    return this.reasons.size > 0;
  }
}
