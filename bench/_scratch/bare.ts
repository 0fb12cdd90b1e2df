import { startBareExpress } from '../support/bare-express.js';
const b = await startBareExpress();
console.log(b.url);
setTimeout(() => void b.close(), 8000);
