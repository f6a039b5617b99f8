/**
 * Turns chunks of a text/event-stream into `{type, data}` events, following the parsing rules of the
 * HTML standard (any of CRLF, LF or CR ends a line; a blank line dispatches; `:` starts a comment).
 */
export class SseParser {
  #pending = '';
  #afterCr = false;
  #type = '';
  #data = [];

  constructor(onEvent) {
    this.onEvent = onEvent;
  }

  push(chunk) {
    let text = this.#pending + chunk;
    // A chunk may end between the CR and the LF of one CRLF; that LF must not count as a blank line.
    if (this.#afterCr && text.startsWith('\n')) {
      text = text.slice(1);
    }
    this.#afterCr = text.endsWith('\r');
    const lines = text.split(/\r\n|\r|\n/);
    this.#pending = lines.pop();
    lines.forEach((line) => this.#line(line));
  }

  #line(line) {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      this.#type = value;
    } else if (field === 'data') {
      this.#data.push(value);
    }
  }

  #dispatch() {
    if (this.#data.length > 0) {
      this.onEvent({ type: this.#type || 'message', data: this.#data.join('\n') });
    }
    this.#type = '';
    this.#data = [];
  }
}
