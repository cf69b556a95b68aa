import { WritePipe, withPipe, type Sink } from "../../src/store/pipe";

/** A connection that records each statement as it starts and finishes; `fail` names one that fails. */
function recorder(fail?: string) {
  const events: string[] = [];
  const em = {
    connection: {} as Sink["connection"],
    query: (async (sql: string) => {
      events.push(`start ${sql}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (sql === fail) {
        events.push(`fail ${sql}`);
        throw new Error(`refused: ${sql}`);
      }
      events.push(`done ${sql}`);
      return [];
    }) as Sink["query"],
  };
  return { em, events };
}

describe("write pipe", () => {
  it("runs the statements one after another, in the order sent, while the sender goes on", async () => {
    const { em, events } = recorder();
    const pipe = new WritePipe(em);
    await pipe.sink.query("a");
    pipe.send("b");
    await pipe.sink.query("c");
    // Sending did not wait for any statement to finish: at most the first has started.
    expect(events.filter((e) => !e.startsWith("start a"))).toEqual([]);
    await pipe.drain();
    expect(events).toEqual(["start a", "done a", "start b", "done b", "start c", "done c"]);
  });

  it("sends nothing after a statement that failed, and drain throws that failure", async () => {
    const { em, events } = recorder("b");
    const pipe = new WritePipe(em);
    for (const sql of ["a", "b", "c", "d"]) pipe.send(sql);
    await expect(pipe.drain()).rejects.toThrow("refused: b");
    expect(events).toEqual(["start a", "done a", "start b", "fail b"]);
  });

  it("withPipe drops the statements not yet started when the work fails, waits for the one running, and throws the work's error", async () => {
    const { em, events } = recorder();
    await expect(withPipe(em, async (pipe) => {
      pipe.send("a");
      pipe.send("b");
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error("work failed");
    })).rejects.toThrow("work failed");
    // "a" had started and finished before withPipe gave the error back; "b" was never sent.
    expect(events).toEqual(["start a", "done a"]);
  });

  it("withPipe throws the first failed statement when the work itself succeeded", async () => {
    const { em, events } = recorder("a");
    await expect(withPipe(em, async (pipe) => {
      pipe.send("a");
      pipe.send("b");
      return 1;
    })).rejects.toThrow("refused: a");
    expect(events).toEqual(["start a", "fail a"]);
    const ok = recorder();
    await expect(withPipe(ok.em, async (pipe) => {
      pipe.send("x");
      return 7;
    })).resolves.toBe(7);
    expect(ok.events).toEqual(["start x", "done x"]);
  });

  it("refuses a statement sent after it was closed", async () => {
    const { em } = recorder();
    let kept: WritePipe | null = null;
    await withPipe(em, async (pipe) => {
      kept = pipe;
    });
    expect(() => kept!.send("late")).toThrow("closed write pipe");
  });
});
