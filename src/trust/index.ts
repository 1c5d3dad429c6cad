export { seedDemoTrust, type DemoSeedResult } from './demo.js';
export { DEMO_TRUST_FILE, DemoTrustError, loadDemoTrust, type DemoTrust } from './demo-file.js';
