// Debian's Chromium, headless, as every browser check and benchmark launches
// it: no sandbox (root in CI), nothing fetched from the network, and WebGL2
// through SwiftShader for the studio's canvas. CHROMIUM overrides the path.
'use strict';
const { chromium } = require('playwright-core');

function launch() {
    return chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
               '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
}

module.exports = { launch };
