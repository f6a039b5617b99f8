// The "draw or drop a digit" box of a finished job: a drawing is brought to MNIST's shape (the ink's bounding
// box scaled to 20 pixels and centred in 28x28) and sent as a JSON batch of grey values 0..1; a dropped or
// chosen PNG goes to the gateway as it is, which checks its size and colours. Shows the ten probabilities.

import { predictDigits } from './api.js';

const SIDE = 28;
const INK_BOX = 20;
const STROKE = 22;

export class DigitBox {
  #box;
  #canvas;
  #pen;
  #list;
  #message;
  #jobId = null;
  #drawing = false;
  #inked = false;

  constructor(box) {
    this.#box = box;
    this.#canvas = box.querySelector('#digit-canvas');
    this.#pen = this.#canvas.getContext('2d', { willReadFrequently: true });
    this.#list = box.querySelector('#digit-probabilities');
    this.#message = box.querySelector('#digit-message');
    this.#canvas.addEventListener('pointerdown', (event) => this.#start(event));
    this.#canvas.addEventListener('pointermove', (event) => this.#move(event));
    this.#canvas.addEventListener('pointerup', () => this.#finishStroke());
    this.#canvas.addEventListener('pointerleave', () => this.#finishStroke());
    this.#canvas.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.#canvas.classList.add('dropping');
    });
    this.#canvas.addEventListener('dragleave', () => this.#canvas.classList.remove('dropping'));
    this.#canvas.addEventListener('drop', (event) => {
      event.preventDefault();
      this.#canvas.classList.remove('dropping');
      this.#sendFile(event.dataTransfer?.files?.[0]);
    });
    box.querySelector('#digit-file').addEventListener('change', (event) => this.#sendFile(event.target.files?.[0]));
    box.querySelector('#digit-clear').addEventListener('click', () => this.#clear());
    this.#clear();
  }

  /** Shows the box for a job that has a model (SUCCEEDED) and hides it for any other. */
  show(job) {
    const hasModel = job.status === 'SUCCEEDED';
    if (hasModel && this.#jobId !== job.id) {
      this.#clear();
    }
    this.#jobId = hasModel ? job.id : null;
    this.#box.hidden = !hasModel;
  }

  #clear() {
    this.#pen.fillStyle = '#000';
    this.#pen.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    this.#inked = false;
    this.#list.replaceChildren();
    this.#say('');
  }

  #point(event) {
    const bounds = this.#canvas.getBoundingClientRect();
    return [(event.clientX - bounds.left) * (this.#canvas.width / bounds.width),
      (event.clientY - bounds.top) * (this.#canvas.height / bounds.height)];
  }

  #start(event) {
    this.#drawing = true;
    this.#canvas.setPointerCapture?.(event.pointerId);
    const [x, y] = this.#point(event);
    this.#pen.strokeStyle = '#fff';
    this.#pen.lineWidth = STROKE;
    this.#pen.lineCap = 'round';
    this.#pen.lineJoin = 'round';
    this.#pen.beginPath();
    this.#pen.moveTo(x, y);
    this.#pen.lineTo(x, y);
    this.#pen.stroke();
    this.#inked = true;
  }

  #move(event) {
    if (!this.#drawing) return;
    const [x, y] = this.#point(event);
    this.#pen.lineTo(x, y);
    this.#pen.stroke();
  }

  #finishStroke() {
    if (!this.#drawing) return;
    this.#drawing = false;
    if (this.#inked) this.#ask({ images: [this.#greys()] });
  }

  /** The drawing as 784 grey values 0..1: its ink's bounding box scaled to 20 pixels, centred in 28x28. */
  #greys() {
    const { width, height } = this.#canvas;
    const pixels = this.#pen.getImageData(0, 0, width, height).data;
    let [left, top, right, bottom] = [width, height, -1, -1];
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        if (pixels[(y * width + x) * 4] > 0) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    const small = document.createElement('canvas');
    small.width = SIDE;
    small.height = SIDE;
    const context = small.getContext('2d', { willReadFrequently: true });
    context.fillStyle = '#000';
    context.fillRect(0, 0, SIDE, SIDE);
    const scale = INK_BOX / Math.max(right - left + 1, bottom - top + 1);
    const [w, h] = [(right - left + 1) * scale, (bottom - top + 1) * scale];
    context.drawImage(this.#canvas, left, top, right - left + 1, bottom - top + 1, (SIDE - w) / 2, (SIDE - h) / 2, w, h);
    const grey = context.getImageData(0, 0, SIDE, SIDE).data;
    return Array.from({ length: SIDE * SIDE }, (_, i) => grey[i * 4] / 255);
  }

  #sendFile(file) {
    if (!file) return;
    if (file.type !== 'image/png') {
      this.#say(`${file.name || 'That file'} is not a PNG; drop a 28x28 grayscale PNG.`, true);
      return;
    }
    this.#ask(file);
  }

  async #ask(images) {
    const jobId = this.#jobId;
    if (!jobId) return;
    this.#say('Asking the model…');
    try {
      const answer = await predictDigits(jobId, images);
      if (jobId !== this.#jobId) return;
      this.#showProbabilities(answer.predictions[0]);
      this.#say(`Most likely ${answer.predictions[0].digit}.`);
    } catch (error) {
      if (jobId !== this.#jobId) return;
      this.#list.replaceChildren();
      this.#say(error.message, true);
    }
  }

  #showProbabilities({ digit, probabilities }) {
    this.#list.replaceChildren(...probabilities.map((probability, index) => {
      const item = document.createElement('li');
      item.className = index === digit ? 'top' : '';
      const label = document.createElement('span');
      label.textContent = String(index);
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${(probability * 100).toFixed(1)}%`;
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = `${(probability * 100).toFixed(1)} %`;
      item.append(label, bar, value);
      return item;
    }));
  }

  #say(text, isError = false) {
    this.#message.textContent = text;
    this.#message.classList.toggle('error', isError);
  }
}
