#include "mekenjai-core.h"
int main (void) { return 0; }
