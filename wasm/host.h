// The studio's one App in the browser build, shared by the canvas
// (studio_main.cpp) and the page's calls (page_api.cpp).
#pragma once

#include "studio.h"

studio::App& studio_app();
