import { Buffer } from "node:buffer";
import { Writable } from "node:stream";

/** A destination for React's pipe() that only gathers the bytes, since the document is sent whole:
 * a plain Writable, not a PassThrough, whose readable half cost each chunk a transform and a
 * 'data' event (about a tenth of a step page's throughput in an interleaved A/B). Shared with the
 * bench's framework floor (scripts/bench/floor), so that it renders the app's way.
 * It emits no 'close': React's pipe() takes a close as the destination going away and ends the
 * stream a second time, and Node answers that with an error object built for nothing. */
export function collectInto(done: (html: Buffer<ArrayBuffer>) => void) {
  const chunks: Buffer[] = [];
  return new Writable({
    emitClose: false,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      done(Buffer.concat(chunks));
      callback();
    },
  });
}
