// Label sheet: collect the ticked assets into the ids field before the form is sent.
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (form.id !== "label-form") return;
  const ids = Array.from(document.querySelectorAll(".asset-pick:checked")).map((box) => box.value);
  document.getElementById("label-ids").value = ids.join(",");
});

// Counting page: scan QR labels with the camera where the browser has BarcodeDetector.
document.addEventListener("DOMContentLoaded", function () {
  const button = document.getElementById("camera-start");
  const video = document.getElementById("camera-view");
  const input = document.getElementById("id_code");
  if (!button || !video || !input) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    button.classList.add("d-none");
    return;
  }
  button.addEventListener("click", async function () {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.classList.remove("d-none");
    await video.play();
    const tick = async function () {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        stream.getTracks().forEach((track) => track.stop());
        input.value = codes[0].rawValue;
        input.form.submit();
        return;
      }
      window.requestAnimationFrame(tick);
    };
    tick();
  });
});
