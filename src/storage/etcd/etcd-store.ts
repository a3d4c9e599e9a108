// EtcdStore: the Store interface on an etcd v3 cluster (through the etcd3 client). Writes are
// transactions guarded the way kube-apiserver guards them: create compares createRevision == 0,
// update and conditional delete compare modRevision; the failure branch reads the key so a mismatch
// carries the current value. Watches ask for prevKv and start at fromRevision + 1.
// etcd's revision starts at 1 on an empty cluster (the interface's 0 is for the embedded backends).
// CompactedError.compactRevision is 0 here: the etcd3 client drops the compact revision etcd sends.
import { Etcd3, type IKeyValue, type ITxnResponse, type Watcher } from 'etcd3';
import type { KeyValue, ListResult, Store, WatchCallbacks, WatchEvent, WatchHandle } from '../store.js';
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionMismatchError, StorageError } from '../errors.js';

export class EtcdStore implements Store {
  private readonly client: Etcd3;

  constructor(endpoints: string[]) {
    this.client = new Etcd3({ hosts: endpoints });
  }

  async revision(): Promise<number> {
    const res = await this.client.get('/').exec();
    return Number(res.header.revision);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const res = await this.client.get(key).exec();
    const kv = res.kvs[0];
    return kv ? toKv(kv) : undefined;
  }

  async list(prefix: string): Promise<ListResult> {
    const res = await this.client.getAll().prefix(prefix).sort('Key', 'Ascend').exec();
    return { items: res.kvs.map(toKv), revision: Number(res.header.revision) };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    const res = await this.client.if(key, 'Create', '==', 0).then(this.client.put(key).value(value)).commit();
    if (!res.succeeded) throw new KeyExistsError(key);
    const rev = Number(res.header.revision);
    return { key, value, createRevision: rev, modRevision: rev };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const res = await this.client.if(key, 'Mod', '==', expectedModRevision)
      .then({ request_put: { key: Buffer.from(key), value: Buffer.from(value), prev_kv: true } })
      .else(this.client.get(key))
      .commit();
    if (!res.succeeded) throw this.mismatch(key, res);
    const prev = res.responses[0]!.response_put.prev_kv!;
    return { key, value, createRevision: Number(prev.create_revision), modRevision: Number(res.header.revision) };
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    // Without an expected revision the guard is "the key exists" (its version is positive).
    const txn = expectedModRevision === undefined
      ? this.client.if(key, 'Version', '>', 0)
      : this.client.if(key, 'Mod', '==', expectedModRevision);
    const res = await txn
      .then({ request_delete_range: { key: Buffer.from(key), prev_kv: true } })
      .else(this.client.get(key))
      .commit();
    if (!res.succeeded) throw this.mismatch(key, res);
    const prev = res.responses[0]!.response_delete_range.prev_kvs[0]!;
    return { ...toKv(prev), modRevision: Number(res.header.revision) };
  }

  watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): WatchHandle {
    let stopped = false;
    let watcher: Watcher | undefined;
    const fail = (err: Error): void => {
      if (stopped) return;
      stopped = true;
      void watcher?.cancel().catch(() => { /* the watch is already ended on the server side */ });
      callbacks.onError(err);
    };
    this.client.watch().prefix(prefix).startRevision(String(fromRevision + 1)).withPreviousKV().create()
      .then((w) => {
        watcher = w;
        if (stopped) { void w.cancel(); return; }
        w.on('data', (res) => {
          if (stopped || res.events.length === 0) return; // empty = progress notification
          callbacks.onEvents(res.events.map(toEvent));
        });
        // A canceled watch arrives as a generic error; etcd cancels a watch whose start revision is
        // compacted, so ask etcd whether that is the reason.
        w.on('error', (err: Error) => { void this.classify(fromRevision, err).then(fail); });
        // etcd3 would resubscribe by itself from the revision in the last response header, which can
        // be past events it has not delivered yet; ending the watch lets the caller resume from the
        // last event it applied.
        w.on('disconnected', (err: Error) => fail(new StorageError('SVCNET_STORE_WATCH_DISCONNECTED', `etcd watch disconnected: ${err.message}`)));
      })
      .catch((err: Error) => { void this.classify(fromRevision, err).then(fail); });
    return {
      stop: () => {
        stopped = true;
        void watcher?.cancel().catch(() => { /* closing anyway */ });
      },
    };
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.client.kv.compact({ revision: String(revision), physical: true });
    } catch (err) {
      // Compacting to an already compacted revision is a no-op for the other backends too.
      if (!isCompactedMessage(err)) throw err;
    }
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private mismatch(key: string, res: ITxnResponse): Error {
    const cur = res.responses[0]?.response_range.kvs[0];
    return cur ? new RevisionMismatchError(key, toKv(cur)) : new KeyNotFoundError(key);
  }

  /** CompactedError if reading at the watch's start revision is refused as compacted, else err. */
  private async classify(fromRevision: number, err: Error): Promise<Error> {
    try {
      await this.client.get('/').revision(fromRevision + 1).exec();
      return err;
    } catch (probe) {
      return isCompactedMessage(probe) ? new CompactedError(fromRevision, 0) : err;
    }
  }
}

function isCompactedMessage(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision has been compacted');
}

function toKv(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString(),
    value: kv.value.toString(),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

function toEvent(ev: { type: 'Put' | 'Delete'; kv: IKeyValue; prev_kv?: IKeyValue }): WatchEvent {
  const prevKv = ev.prev_kv ? toKv(ev.prev_kv) : undefined;
  if (ev.type === 'Delete') {
    // etcd's delete event carries only the key and the delete's revision; the last value is prevKv's.
    const kv: KeyValue = {
      key: ev.kv.key.toString(),
      value: prevKv?.value ?? '',
      createRevision: prevKv?.createRevision ?? 0,
      modRevision: Number(ev.kv.mod_revision),
    };
    return { type: 'delete', kv, prevKv };
  }
  return prevKv ? { type: 'put', kv: toKv(ev.kv), prevKv } : { type: 'put', kv: toKv(ev.kv) };
}
