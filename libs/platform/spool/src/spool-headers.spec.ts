import { SpoolHeaders } from './spool-headers';

describe('SpoolHeaders', () => {
  it('holds nothing until a consumer of this process accepts them (a listener-only process)', () => {
    const headers = new SpoolHeaders();
    headers.hold('/spool/a.dcm', Buffer.from('a'));
    expect(headers.take('/spool/a.dcm')).toBeUndefined();
    expect(headers.size).toBe(0);
  });

  it('hands each header over once, by spool path', () => {
    const headers = new SpoolHeaders();
    headers.accept();
    headers.hold('/spool/a.dcm', Buffer.from('a'));
    headers.hold('/spool/b.dcm', Buffer.from('b'));
    expect(headers.take('/spool/b.dcm')?.toString()).toBe('b');
    expect(headers.take('/spool/b.dcm')).toBeUndefined();
    headers.drop('/spool/a.dcm');
    expect(headers.take('/spool/a.dcm')).toBeUndefined();
    expect(headers.size).toBe(0);
  });

  it('stays bounded when nobody takes them: the oldest go first, large headers are not held', () => {
    const headers = new SpoolHeaders();
    headers.accept();
    for (let i = 0; i < 1500; i++) headers.hold(`/spool/${i}.dcm`, Buffer.alloc(100));
    expect(headers.size).toBe(1024);
    expect(headers.take('/spool/0.dcm')).toBeUndefined();
    expect(headers.take('/spool/1499.dcm')).toBeDefined();
    headers.hold('/spool/huge.dcm', Buffer.alloc(2 * 1024 * 1024));
    expect(headers.take('/spool/huge.dcm')).toBeUndefined();
    // by bytes as well: 20 headers of 1 MiB fill 16 MiB at most
    for (let i = 0; i < 20; i++) headers.hold(`/spool/m${i}.dcm`, Buffer.alloc(1024 * 1024));
    expect(headers.take('/spool/m0.dcm')).toBeUndefined();
    expect(headers.take('/spool/m19.dcm')).toBeDefined();
  });
});
