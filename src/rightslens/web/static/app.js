// rightslens: the little JavaScript the pages share. Everything works without it;
// it only adds confirmations and upload progress.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset && form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
