// `npm start`: the Electron app when Electron's binary is here (after making the native builds it
// needs), else the browser host. The logic is TypeScript (main/native/start-decision.ts), loaded
// through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./start-counter.ts');
