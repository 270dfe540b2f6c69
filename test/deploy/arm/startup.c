/* Bare-metal start-up for the Arm MPS2 AN386 (Cortex-M4) board as QEMU emulates it: vector table, zeroed .bss,
   main(), then a semihosting exit carrying main's return code; te_write prints through semihosting. Test use only. */
#include <stdint.h>
extern int main(void);
extern uint32_t __bss_start__, __bss_end__, __stack_top;
static int semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
void te_write(const char *s) { semihost(0x04, s); }
void reset_handler(void) {
  for (uint32_t *p = &__bss_start__; p < &__bss_end__; p++) *p = 0;
  int rc = main();
  uint32_t block[2] = { 0x20026u, (uint32_t)rc };
  semihost(0x20, block);
  for (;;) {}
}
static void hang(void) { for (;;) {} }
__attribute__((section(".vectors"), used)) const void *const vector_table[16] = {
  &__stack_top, (void *)reset_handler, (void *)hang, (void *)hang, (void *)hang, (void *)hang, (void *)hang, 0, 0, 0, 0, (void *)hang, (void *)hang, 0, (void *)hang, (void *)hang,
};
