// Fetches whatever URL it is sent: the cross-engine suite uses it to check that a worker's request to another
// origin is reported by the page's Content-Security-Policy, as the analysis worker's would be.
self.addEventListener('message', (event) => {
  fetch(event.data).catch(() => undefined);
});
