{
  "targets": [
    {
      "target_name": "tinyevo_native",
      "sources": [
        "src/engine/native/addon/binding.cc",
        "src/engine/native/addon/primitives.cc",
        "src/engine/native/addon/kernels.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
