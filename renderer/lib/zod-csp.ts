// Imported first by main.tsx. zod 4 probes `new Function` to decide whether it may compile fast
// parsers; under the page's CSP (no 'unsafe-eval') that probe is blocked and reported as a violation.
// Run without it.
import { z } from 'zod';

z.config({ jitless: true });
