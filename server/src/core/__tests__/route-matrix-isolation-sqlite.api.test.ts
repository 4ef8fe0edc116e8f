import { isolationMatrix } from './route-matrix-isolation.suite.js';

// One file per database, so each half has its own time budget and the two can run side by side.
isolationMatrix('sqlite');
