import { setFlagsFromString } from 'node:v8';
import { tuneHeap } from './heap-tuning';

jest.mock('node:v8', () => ({ setFlagsFromString: jest.fn() }));

describe('tuneHeap', () => {
  beforeEach(() => jest.mocked(setFlagsFromString).mockClear());

  it('sets a heap growing factor of 1.5x', () => {
    tuneHeap(['--enable-source-maps']);
    expect(setFlagsFromString).toHaveBeenCalledWith('--heap-growing-percent=50');
  });

  it.each(['--heap-growing-percent=20', '--heap_growing_percent=0'])("leaves the operator's own %s alone", (flag) => {
    tuneHeap([flag]);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
