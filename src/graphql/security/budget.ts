/**
 * A request's execution budget. Every field resolved goes through `check()` (a type-graphql global
 * middleware, see `./middleware.ts`): once the time budget is spent, the field count is reached or
 * the client has gone away, every further field fails at once instead of starting more work, so
 * nothing keeps running after the reply. `signal` is for code that can pass it on (worker threads).
 */
import { GraphQLError } from "graphql";

export class Budget {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private fields = 0;

  constructor(public timeMs: number, readonly maxFields: number) {
    this.timer = this.arm(timeMs);
  }

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.abort(`the request's time budget of ${ms} ms is spent`), ms);
    timer.unref();
    return timer;
  }

  /** Gives the request `ms` from now (a mutation reading a file gets the import time limit on top). */
  extend(ms: number): void {
    if (this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.timeMs = ms;
    this.timer = this.arm(ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops further work with this reason (e.g. the client disconnected). */
  abort(reason: string): void {
    if (!this.controller.signal.aborted) {
      this.controller.abort(new GraphQLError(`Stopped: ${reason}`, { extensions: { code: "BUDGET_EXCEEDED" } }));
    }
    clearTimeout(this.timer);
  }

  /** Throws the stop reason when the budget is spent; counts one field. */
  check(): void {
    if (this.controller.signal.aborted) throw this.controller.signal.reason;
    if (++this.fields > this.maxFields) {
      this.abort(`the request resolved more than ${this.maxFields} fields`);
      throw this.controller.signal.reason;
    }
  }

  get spent(): boolean {
    return this.controller.signal.aborted;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
