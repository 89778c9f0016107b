import { refuseDeepJson } from './json-depth.js';

describe('refuseDeepJson', () => {
  const verify = refuseDeepJson(3);
  const check = (text: string) => () => verify(undefined, undefined, Buffer.from(text));

  it('lets a body through up to the limit, strings with brackets and escapes included', () => {
    expect(check('{"a":[{"b":"[[[[{{{{"}]}')).not.toThrow();
    expect(check('{"a":"\\"[[[[[["}')).not.toThrow();
    expect(check('[1,[2],[3]]')).not.toThrow();
  });

  it('refuses a body nested deeper, with a 400 the body parser passes on', () => {
    expect(check('[[[[1]]]]')).toThrow('nested deeper than 3 levels');
    let thrown: unknown;
    try {
      check('{"a":{"b":{"c":{"d":1}}}}')();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 400, type: 'entity.too.deep' });
  });
});
