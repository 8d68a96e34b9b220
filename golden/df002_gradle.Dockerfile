FROM gradle:8-jdk21 AS build
WORKDIR /home/gradle/app
COPY . .
RUN ./gradlew dependencies --no-daemon
RUN ./gradlew bootJar --no-daemon
