export { installSuspend, requestSuspend, type SuspendHooks } from '../client/suspend.js';
