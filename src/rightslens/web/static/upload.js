// Upload with progress: send the library's upload form with XMLHttpRequest, show the bytes
// sent in a <progress>, then "Processing…" while the server extracts facts, then show the
// result page the server answers with. Without this script the plain form post works.
"use strict";

(() => {
  const form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  const status = document.getElementById("upload-status");
  const bar = document.getElementById("upload-progress");
  const message = document.getElementById("upload-message");
  const button = form.querySelector("button[type=submit]");

  function say(text, percent) {
    status.hidden = false;
    message.textContent = text;
    if (percent === null) {
      bar.removeAttribute("value"); // an indeterminate bar while the server works
    } else {
      bar.value = percent;
      bar.textContent = `${percent}%`;
    }
  }

  function showPage(page) {
    // The answer is a whole page (the result, or an error naming the file): show it.
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    const main = document.getElementById("main");
    if (main) {
      main.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    const file = form.elements.file.files[0];
    const limit = Number(form.dataset.maxBytes);
    if (file && limit && file.size > limit) {
      event.preventDefault();
      say(`${file.name} is over the upload limit of ${Math.round(limit / 1048576)} MB.`, 0);
      return;
    }
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.responseType = "document";
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        const percent = Math.round((100 * progress.loaded) / progress.total);
        say(`Uploading… ${percent}%`, percent);
      }
    });
    request.upload.addEventListener("load", () => {
      say("Processing… (reading the report and extracting facts)", null);
    });
    request.addEventListener("load", () => {
      if (request.response && request.response.body) {
        showPage(request.response);
      } else {
        say(`The server answered ${request.status}; try again.`, 0);
        button.disabled = false;
      }
    });
    request.addEventListener("error", () => {
      say("The upload failed: the server could not be reached.", 0);
      button.disabled = false;
    });
    button.disabled = true;
    say("Uploading… 0%", 0);
    request.send(new FormData(form));
  });
})();
