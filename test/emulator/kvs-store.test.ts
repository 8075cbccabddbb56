/** The KVS shim's transactions (kept for `kvs.transact`) and the package APIs it leaves out on purpose. */
import { KvsStore } from '../../emulator/forge/kvs-store';

describe('KvsStore transactions', () => {
  it('applies every set and delete of a transaction', () => {
    const store = new KvsStore();
    store.handle('/api/v1/set', { key: 'a', value: 1 });
    expect(store.handle('/api/v1/transaction', { set: [{ key: 'b', value: { two: 2 } }], delete: [{ key: 'a' }] })).toEqual({
      status: 204,
    });
    expect([...store.values.entries()]).toEqual([['b', { two: 2 }]]);
  });

  it('applies none of a transaction with one invalid key', () => {
    const store = new KvsStore();
    store.handle('/api/v1/set', { key: 'a', value: 1 });
    const reply = store.handle('/api/v1/transaction', { set: [{ key: 'b', value: 2 }], delete: [{ key: 'bad/key' }] });
    expect(reply.status).toBe(400);
    expect([...store.values.keys()]).toEqual(['a']);
  });

  it('refuses entity parts and checks instead of storing them as plain keys', () => {
    const store = new KvsStore();
    const reply = store.handle('/api/v1/transaction', { set: [{ key: 'b', value: 2, entityName: 'tickets' }] });
    expect(reply).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'The emulated Forge KVS does not support entities (entityName, check) in transactions.' },
    });
    expect(store.handle('/api/v1/transaction', { check: [{ key: 'b', entityName: 'tickets' }] }).status).toBe(400);
    expect(store.values.size).toBe(0);
  });

  it.each(['/api/v1/secret/get', '/api/v1/entity/set', '/api/v1/batch/delete'])('answers %s with 400 (not emulated)', (path) => {
    expect(new KvsStore().handle(path, { key: 'k', value: 1, entityName: 'e' })).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: `The emulated Forge KVS does not support ${path}.` },
    });
  });
});
