// `npm run bench`: every benchmark, one after the other; (a) to (c) against a baseline measured in the
// same run, (d) against its fixed goal (30 ms), (e) against no backlog in the same run, (f) against
// its fixed goal (50 ms).
import { benchCoreOverhead } from './core-overhead';
import { benchEventLoopStalls, formatEventLoopStalls } from './event-loop-stalls';
import { benchBareSqliteInsert, benchJournalWriteAhead } from './journal-write-ahead';
import { benchRecoveryBacklogs, formatRecoveryBacklog } from './recovery-backlog';
import { benchDayReport, formatDayReportBench } from './report';
import { benchScanToWire, formatScanToWire } from './scan-to-wire';

const overhead = await benchCoreOverhead();
console.log(
  `(a) core overhead: startQrPayment median ${overhead.coreMedianMs.toFixed(2)} ms vs a bare HTTP call to the same simulator endpoint ${overhead.bareMedianMs.toFixed(2)} ms ` +
    `(${overhead.runs} runs): ratio ${overhead.ratio.toFixed(2)} (goal <= 1.10); core adds ${(overhead.coreMedianMs - overhead.bareMedianMs).toFixed(2)} ms`,
);

const bareInsert = await benchBareSqliteInsert(1000);
const journal = await benchJournalWriteAhead(1000);
console.log(
  `(b) journal write-ahead (synchronous=FULL), ${journal.count} payments: median ${journal.medianMs.toFixed(2)} ms, p99 ${journal.p99Ms.toFixed(2)} ms; ` +
    `a bare durable SQLite insert in the same run: median ${bareInsert.medianMs.toFixed(2)} ms, p99 ${bareInsert.p99Ms.toFixed(2)} ms`,
);

console.log(`(c) ${formatDayReportBench(await benchDayReport(100_000))}`);

console.log(`(d) ${formatScanToWire(await benchScanToWire(50))}`);

console.log(`(e) ${formatRecoveryBacklog(await benchRecoveryBacklogs())}`);
console.log(`(f) ${formatEventLoopStalls(await benchEventLoopStalls())}`);
