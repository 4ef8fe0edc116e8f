export { seedDemo } from './demo/seed-demo.js';
