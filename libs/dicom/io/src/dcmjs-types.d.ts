// dcmjs ships no type declarations; the parts we touch are typed where they are used.
declare module 'dcmjs';
