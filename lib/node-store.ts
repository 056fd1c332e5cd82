// captivate-hub-rx/node-store — a store for Node processes, kept out of the client entry so that a
// browser bundle does not carry it (a page keeps its messages in `localStorageStore()`).
export { fileStore, type FileSystemLike } from './delivery/file-store.js';
