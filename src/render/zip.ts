/**
 * A small ZIP writer (deflate, node's zlib) for XLSX and DOCX-like packages: whole entries from
 * buffers, and one entry streamed in chunks. A streamed entry is compressed chunk by chunk with a
 * sync flush (each chunk's deflate output ends on a byte boundary without the final-block bit, so the
 * outputs concatenate into one valid deflate stream, as pigz does), its CRC-32 and sizes follow in a
 * data descriptor. Every byte leaves through `sink`, which the streaming caller awaits: the writer
 * holds at most one compressed chunk, whatever the entry's size.
 *
 * No ZIP64: an entry or archive past 4 GiB is refused with an error (an XLSX sheet holds at most
 * 1,048,576 rows anyway; use CSV beyond that).
 */
import zlib from "node:zlib";

export type Sink = (chunk: Buffer) => void | Promise<void>;

const LIMIT = 0xffffffff;
const UTF8_FLAG = 0x0800;
const DESCRIPTOR_FLAG = 0x0008;
/** 1980-01-01 00:00 in DOS time: a fixed date keeps the output reproducible. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  flags: number;
}

export class ZipTooLargeError extends Error {}

export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;

  constructor(private readonly sink: Sink, private readonly level = 6) {}

  private async emit(b: Buffer): Promise<void> {
    this.offset += b.length;
    if (this.offset > LIMIT) throw new ZipTooLargeError("the archive passed 4 GiB (no ZIP64 here): export fewer rows or use CSV");
    await this.sink(b);
  }

  private localHeader(e: Entry): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.flags, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt16LE(DOS_TIME, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt32LE(e.crc >>> 0, 14);
    h.writeUInt32LE(e.compressed, 18);
    h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(e.name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, e.name]);
  }

  /** A whole entry. */
  async add(name: string, data: string | Buffer): Promise<void> {
    const raw = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const compressed = zlib.deflateRawSync(raw, { level: this.level });
    const e: Entry = { name: Buffer.from(name, "utf8"), crc: zlib.crc32(raw), compressed: compressed.length, size: raw.length, offset: this.offset, flags: UTF8_FLAG };
    this.entries.push(e);
    await this.emit(this.localHeader(e));
    await this.emit(compressed);
  }

  /** A streamed entry: write chunks (awaiting each), then end. */
  async open(name: string): Promise<{ write: (data: string | Buffer) => Promise<void>; end: () => Promise<void> }> {
    const e: Entry = { name: Buffer.from(name, "utf8"), crc: 0, compressed: 0, size: 0, offset: this.offset, flags: UTF8_FLAG | DESCRIPTOR_FLAG };
    this.entries.push(e);
    await this.emit(this.localHeader(e));
    const compress = async (raw: Buffer, last: boolean) => {
      e.crc = zlib.crc32(raw, e.crc);
      e.size += raw.length;
      if (e.size > LIMIT) throw new ZipTooLargeError(`${name} passed 4 GiB uncompressed (no ZIP64 here): export fewer rows or use CSV`);
      const out = zlib.deflateRawSync(raw, { level: this.level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
      e.compressed += out.length;
      await this.emit(out);
    };
    return {
      write: async (data) => {
        const raw = typeof data === "string" ? Buffer.from(data, "utf8") : data;
        if (raw.length) await compress(raw, false);
      },
      end: async () => {
        await compress(Buffer.alloc(0), true);
        const d = Buffer.alloc(16);
        d.writeUInt32LE(0x08074b50, 0);
        d.writeUInt32LE(e.crc >>> 0, 4);
        d.writeUInt32LE(e.compressed, 8);
        d.writeUInt32LE(e.size, 12);
        await this.emit(d);
      },
    };
  }

  /** The central directory and its end record. */
  async finish(): Promise<void> {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(e.flags, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(DOS_TIME, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      parts.push(h, e.name);
    }
    const dir = Buffer.concat(parts);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(start, 16);
    await this.emit(Buffer.concat([dir, end]));
  }
}

/** A whole archive in memory (documents: a few sheets). */
export async function zipBuffer(files: Array<[string, string | Buffer]>, level = 1): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const zip = new ZipWriter((b) => void chunks.push(b), level);
  for (const [name, data] of files) await zip.add(name, data);
  await zip.finish();
  return Buffer.concat(chunks);
}
