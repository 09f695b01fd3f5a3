// Entry point for the TypeORM CLI (`pnpm typeorm migration:generate …`), configured like the app.
import 'reflect-metadata';
import { loadConfig } from '@hlp/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(loadConfig(process.env).database));
