import 'reflect-metadata';
import { runMain } from '@axiom/runtime';
import { bootstrap } from './bootstrap';

runMain('standalone', () => bootstrap());
