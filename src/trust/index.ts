export { seedDemo, seedDemoTrust, type DemoSeedResult } from './demo.js';
export { DEFAULT_DEMO, DEMO_DIR, DEMO_TRUST_FILE, DemoTrustError, demoNames, demoTrustFile, loadDemoTrust, type DemoTrust } from './demo-file.js';
export { chosenDemo, DEMO_VARIABLE, UnknownDemoError } from './choice.js';
export { seedDemoCentralLines } from './demo-window.js';
