// libxml2 pulls in ICU's headers when built with ICU; they clash with Foundation's own copy of
// ICU, and nothing here needs them, so the switch is turned off before the headers are read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

// xmlFree is a macro over a thread-local function pointer when libxml2 is built with threads.
static inline void clinic_xmlFree(void *p) { xmlFree(p); }
