import type { Device } from './types.js';

// The catalog is embedded so that tinyevo works without ../shared at run time. It is a transcription of
// shared/reference/mcu/devices.csv (KB = 1024 B, MHz = 1e6 Hz, power = midpoint of the first measured range);
// test/hardware/devices/catalog.test.ts checks every row against the CSV when that file is present.
const kib = (k: number): number => Math.round(k * 1024);
const mhz = (m: number): number => m * 1e6;
const zephyr = 'zephyrproject-rtos/zephyr board docs';
const mlperf = 'MLPerf Tiny system JSON';

type Row = [id: string, name: string, core: Device['core'], clockMhz: number, sramKib: number, flashKib: number, powerMw: number | null, source: string, notes: string];

const rows: readonly Row[] = [
  ['stm32f746', 'STM32F746 (NUCLEO-F746ZG / 32F746G-DISCO)', 'cortex-m7', 216, 320, 1024, null, `${zephyr} (nucleo_f746zg); ${mlperf} plumerai DISCO-F746NG`, 'MCUNet/TinyEngine reference board.'],
  ['stm32f412', 'STM32F412 (NUCLEO-F412ZG / 32F412G-DISCO)', 'cortex-m4', 100, 256, 1024, null, `${zephyr} (nucleo_f412zg)`, 'MCUNet 256 kB SRAM / 1 MB flash target.'],
  ['stm32h743', 'STM32H743 (NUCLEO-H743ZI)', 'cortex-m7', 480, 1024, 2048, null, `${zephyr} (nucleo_h743zi)`, 'SRAM is split (192 KB TCM + 864 KB user + 4 KB backup); one arena must fit one region.'],
  ['stm32l4r5', 'STM32L4R5ZI (NUCLEO-L4R5ZI, MLPerf Tiny reference board)', 'cortex-m4', 120, 640, 2048, 43.7, `${zephyr} (nucleo_l4r5zi); power: MLPerf Tiny energy runs`, 'Power 38.7-48.7 mW at 1.8 V (X-CUBE-AI runs); 3.0 V runs draw 70-78 mW.'],
  ['nrf52840', 'nRF52840 (nRF52840-DK)', 'cortex-m4', 64, 256, 1024, null, 'platformio nrf52840_dk board file', ''],
  ['rp2040', 'RP2040 (Raspberry Pi Pico)', 'cortex-m0plus', 133, 264, 2048, null, `${zephyr} (rpi_pico)`, 'Flash is external QSPI (XIP) on the Pico board; no cache for weights.'],
  ['esp32s3', 'ESP32-S3 (ESP32-S3-DevKitC)', 'xtensa-lx7', 240, 512, 8192, null, `${zephyr} (esp32s3_devkitc)`, 'Flash is external and module-dependent; 8 MB (ESP32-S3-WROOM-1-N8) is assumed here, the CSV gives no size.'],
  ['nano33ble', 'Arduino Nano 33 BLE Sense (nRF52840)', 'cortex-m4', 64, 256, 1024, null, 'platformio nano33ble board file', '983,040 B of the 1 MB flash are usable by sketches (bootloader).'],
  ['apollo3', 'Ambiq Apollo3 Blue (Apollo3 EVB / SparkFun Edge)', 'cortex-m4', 96, 384, 1024, null, `${zephyr} (apollo3_evb)`, '96 MHz is the TurboSPOT burst clock; 48 MHz nominal.'],
  ['apollo4p', 'Ambiq Apollo4 Plus (Apollo4P EVB)', 'cortex-m4', 192, 2816, 2048, null, `${zephyr} (apollo4p_evb)`, 'RAM: 384 KB TCM + 384 KB extended + the rest; flash is MRAM. Only unofficial energy figures exist.'],
  ['stm32u575', 'STM32U575ZI (NUCLEO-U575ZI-Q)', 'cortex-m33', 160, 768, 2048, 24.95, `${mlperf} NUCLEO_U575ZI_Q (v1.3)`, 'Power 22.7-27.2 mW at 1.8 V SMPS.'],
  ['stm32u385', 'STM32U385RG (NUCLEO-U385RG-Q)', 'cortex-m33', 96, 256, 1024, 5.5, `${mlperf} NUCLEO_U385RG_Q (v1.3)`, 'Near-threshold design; power 5.1-5.9 mW at 1.8 V SMPS.'],
  ['stm32h7a3', 'STM32H7A3ZI (NUCLEO-H7A3ZI-Q)', 'cortex-m7', 280, 1.19 * 1024, 2048, 144.1, `${mlperf} NUCLEO_H7A3ZI_Q (v1.3)`, 'SRAM "1.19 MB" as in the system JSON; power 121.8-166.4 mW at 3.0-3.3 V SMPS.'],
  ['stm32g0b1', 'STM32G0B1RE (NUCLEO-G0B1RE)', 'cortex-m0plus', 64, 144, 512, null, `${mlperf} bosch NUCLEO_G0B1RE (v1.1)`, ''],
  ['psoc62', 'PSoC 62 (CY8CPROTO-062-4343W)', 'cortex-m4', 150, 1024, 2048, null, `${mlperf} plumerai CY8CPROTO-062-4343W (v1.1)`, 'Has a second Cortex-M0+ core; models run on the M4.'],
  ['nrf5340', 'nRF5340 (nRF5340 DK, app core)', 'cortex-m33', 128, 512, 1024, null, `${mlperf} OctoML NRF5340DK (v1.0)`, ''],
  ['efr32mg24', 'EFR32MG24 (xG24-DK2601B)', 'cortex-m33', 78, 256, 1536, 9.7, `${mlperf} silicon_labs xG24-DK2601B (v1.0)`, 'Has the MVP matrix accelerator; the cycle model is CPU-only (CMSIS-NN), the power figure is with MVP kernels.'],
  ['ra6m4', 'RA6M4 (EK-RA6M4)', 'cortex-m33', 200, 256, 1024, 72.95, `${mlperf} renesas EK-RA6M4 (v0.7)`, 'Power 71.2-74.7 mW at 3.0 V.'],
  ['rx65n', 'RX65N (RX65N-Cloud-Kit)', 'rxv2', 120, 640, 2048, 52.45, `${mlperf} renesas RX65N-Cloud-Kit (v0.7)`, 'Flash 2048 KB code + 32 KB data flash; power 50.2-54.7 mW (3.0 V).'],
  ['ra8d1', 'RA8D1 (EK-RA8D1)', 'cortex-m85', 480, 1024, 2048, null, `${mlperf} Renesas EK-RA8D1 (v1.2)`, 'Helium (MVE) vector extension.'],
  ['m467', 'M467HJ (NuMaker-M467HJ)', 'cortex-m4', 200, 512, 1024, null, `${mlperf} Nuvoton NUMAKER_M467HJ (v1.1)`, ''],
  ['stm32u585', 'STM32U585AI (B-U585I-IOT02A)', 'cortex-m33', 160, 768, 2048, null, `${mlperf} plumerai B_U585I_IOT02A (v1.0)`, ''],
];

/** Every built-in device, in the order of devices.csv. Ids are unique lower-case part names. */
export const deviceCatalog: readonly Device[] = Object.freeze(rows.map(([id, name, core, clock, sram, flash, power, source, notes]) => Object.freeze({
  id, name, core, clockHz: mhz(clock), sramBytes: kib(sram), flashBytes: kib(flash), inferencePowerMw: power, source, notes,
})));
