// Storage errors, with stable codes so the registry can map them to API errors.
import type { KeyValue } from './store.js';

export class StorageError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}
export class KeyExistsError extends StorageError {
  override readonly name = 'KeyExistsError';
  constructor(readonly key: string) { super('SVCNET_STORE_KEY_EXISTS', `key exists: ${key}`); }
}
export class KeyNotFoundError extends StorageError {
  override readonly name = 'KeyNotFoundError';
  constructor(readonly key: string) { super('SVCNET_STORE_KEY_NOT_FOUND', `key not found: ${key}`); }
}
export class RevisionMismatchError extends StorageError {
  override readonly name = 'RevisionMismatchError';
  /** current: the value now stored, so the caller can retry without another read. */
  constructor(readonly key: string, readonly current: KeyValue) { super('SVCNET_STORE_REVISION_MISMATCH', `revision mismatch on ${key}: now ${current.modRevision}`); }
}
export class CompactedError extends StorageError {
  override readonly name = 'CompactedError';
  constructor(readonly requested: number, readonly compactRevision: number) {
    super('SVCNET_STORE_COMPACTED', `revision ${requested} has been compacted (compact revision ${compactRevision})`);
  }
}
