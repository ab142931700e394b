import { storeContract } from './store.contract.js';
import { MemoryStore } from '../../src/store/memory-store.js';

storeContract('MemoryStore', { open: async () => new MemoryStore() });
