import { engineSuite } from './suite.js';

// WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver (or a real Safari through safaridriver) over classic
// WebDriver.
engineSuite('webkit');
