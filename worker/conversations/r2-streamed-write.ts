// Writes bytes of a length not known in advance (a file part of a multipart form) to R2 while they arrive, holding at
// most one part in memory: a small file becomes one put(), a larger one an R2 multipart upload of equal-sized parts.

/** R2 wants every part but the last to be the same size, at least 5 MiB. */
export const R2_PART_BYTES = 5 * 1024 * 1024;

export class R2StreamedWrite {
  readonly #bucket: R2Bucket;
  readonly #key: string;
  readonly #options: R2PutOptions & R2MultipartOptions;
  /** Runs once before anything reaches R2 (the caller's last chance to refuse, e.g. visibility). */
  readonly #beforeFirstWrite: () => Promise<void>;
  readonly #partBytes: number;
  /** Copies of the bytes not yet in R2 (under one part's worth). */
  #held: Uint8Array[] = [];
  #filled = 0;
  #size = 0;
  #upload: R2MultipartUpload | null = null;
  #parts: R2UploadedPart[] = [];
  #opened = false;

  constructor(bucket: R2Bucket, key: string, options: R2PutOptions & R2MultipartOptions, beforeFirstWrite: () => Promise<void>, partBytes = R2_PART_BYTES) {
    this.#bucket = bucket;
    this.#key = key;
    this.#options = options;
    this.#beforeFirstWrite = beforeFirstWrite;
    this.#partBytes = partBytes;
  }

  get size(): number {
    return this.#size;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#size += chunk.length;
    for (let rest = chunk; rest.length; ) {
      // A full part goes to R2 only once more bytes follow it: a file of exactly one part stays a single put().
      if (this.#filled === this.#partBytes) await this.#uploadPart();
      const take = Math.min(rest.length, this.#partBytes - this.#filled);
      this.#held.push(rest.slice(0, take));
      this.#filled += take;
      rest = rest.subarray(take);
    }
  }

  /** Stores what was written; the object exists in R2 only from here on. */
  async finish(): Promise<void> {
    await this.#open();
    if (!this.#upload) {
      await this.#bucket.put(this.#key, this.#take(), this.#options);
      return;
    }
    if (this.#filled > 0) await this.#uploadPart();
    await this.#upload.complete(this.#parts);
  }

  /** Drops what was uploaded so far (an abandoned multipart upload leaves no object behind). */
  async abort(): Promise<void> {
    this.#take();
    await this.#upload?.abort().catch(() => undefined);
  }

  async #uploadPart(): Promise<void> {
    await this.#open();
    this.#upload ??= await this.#bucket.createMultipartUpload(this.#key, this.#options);
    this.#parts.push(await this.#upload.uploadPart(this.#parts.length + 1, this.#take()));
  }

  /** The held bytes as one array, emptying the hold. */
  #take(): Uint8Array {
    const out = new Uint8Array(this.#filled);
    let at = 0;
    for (const c of this.#held) {
      out.set(c, at);
      at += c.length;
    }
    this.#held = [];
    this.#filled = 0;
    return out;
  }

  async #open(): Promise<void> {
    if (this.#opened) return;
    this.#opened = true;
    await this.#beforeFirstWrite();
  }
}
