export { openTestRun } from './testrun-dialog';
