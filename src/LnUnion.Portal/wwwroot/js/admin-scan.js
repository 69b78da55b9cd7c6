// While a scan runs, its page reloads itself now and then, so the progress bar moves without a click.
// Without JavaScript the "刷新进度" link does the same.
(() => {
  const running = document.querySelector('[data-refresh-seconds]');
  if (running) {
    setTimeout(() => window.location.reload(), Number(running.dataset.refreshSeconds) * 1000);
  }
})();
