import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import { describeAppEndToEnd, signer } from './app-e2e-suite.js';

describeAppEndToEnd('pglite', (now) => openPgliteStore({ signer, now }));
