/**
 * A request's execution budget. Every field resolved goes through `check()` (a type-graphql global
 * middleware, see `./middleware.ts`): once the time budget is spent, the field count is reached or
 * the client has gone away, every further field fails at once instead of starting more work, so
 * nothing keeps running after the reply. `signal` is for code that can pass it on (worker threads).
 */
import { GraphQLError } from "graphql";

export class Budget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private fields = 0;

  constructor(readonly timeMs: number, readonly maxFields: number) {
    this.timer = setTimeout(() => this.abort(`the request's time budget of ${timeMs} ms is spent`), timeMs);
    this.timer.unref();
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
